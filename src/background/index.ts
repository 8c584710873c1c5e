// Placeholder: the service worker is being written. Kept loadable so the build works.
export {};
