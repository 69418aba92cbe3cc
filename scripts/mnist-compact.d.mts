// Types of scripts/mnist-compact.mjs, for the unit test that imports it.
export const IMAGES_FILE: string;
export const LABELS_FILE: string;
export function mnistPackageDigits(): string;
export function encodeMnist(digitsDir: string): { images: Buffer; labels: Buffer; n: number };
export function writeCompactMnist(outDir: string, digitsDir?: string): number;
