// Placeholder: the relay is being written. Kept loadable so the build works.
export {};
