/**
 * The id of the host this web process runs beside (its agent on the Unix socket), as grants,
 * audit events, samples and the `host` input of procedures carry it; here so pages can use it too.
 */
export const LOCAL_HOST_ID = "local";
