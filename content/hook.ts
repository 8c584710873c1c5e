// Placeholder: the page hook is being written (content/hook/*). Kept loadable so the build works.
export {};
