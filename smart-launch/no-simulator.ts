/** Stands in for mocks/browser in a deployment build without a simulator EHR (see vite.config.ts). */
export async function startMockEhr(): Promise<never> {
  throw new Error('This build has no EHR simulator.');
}
