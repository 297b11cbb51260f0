/** Stands in for isomorphic-webcrypto in the browser build: every supported browser has Web Crypto. */
export default globalThis.crypto;
