// Public API of figures/.
