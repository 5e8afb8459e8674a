// Public API of analysis/.
