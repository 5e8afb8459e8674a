// Public API of simulation/.
