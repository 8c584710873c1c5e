/** CHROME_PATH first, then the usual names; throws a message that says how to install one. */
export function findChromium(): string;
