// Public API of theory/.
