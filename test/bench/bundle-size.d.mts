export function initialScripts(dist: string, page: string): string[];
export function gzipSize(dist: string, file: string): number;
export function bundleReport(dist: string): { rows: { file: string; gzip: number }[]; total: number };
export function pageSize(dist: string, page: string): number;
