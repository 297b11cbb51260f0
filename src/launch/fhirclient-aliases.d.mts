export const fhirclientAliases: Record<string, string>;
