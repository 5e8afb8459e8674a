// Public API of multiarea/.
