/** The host this web process manages, by the id its grants, audit events and samples carry (one host today; many later). */
export const LOCAL_HOST_ID = "local";
