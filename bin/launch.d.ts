/** Types for bin/launch.js (plain JavaScript, so it runs before anything is compiled). */
export declare const ROOT: string;
export declare const ENTRIES: Record<string, string>;
export declare function ensureBuilt(entries?: Record<string, string>, options?: { root?: string; outRoot?: string; sources?: string[] }): Promise<string>;
export declare function load(name: string): Promise<unknown>;
export declare function preferSmallHeap(): void;
