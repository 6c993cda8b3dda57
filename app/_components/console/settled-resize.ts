/**
 * A resize sent once the window settles, but never behind keys typed after it: the command
 * those keys run must see the new size.
 */
export function settledResize(send: (cols: number, rows: number) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: [number, number] | undefined;
  const flush = () => {
    clearTimeout(timer);
    if (pending) send(...pending);
    pending = undefined;
  };
  return {
    request(cols: number, rows: number) {
      clearTimeout(timer);
      pending = [cols, rows];
      timer = setTimeout(flush, 80);
    },
    flush,
    cancel: () => clearTimeout(timer),
  };
}
