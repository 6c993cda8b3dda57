"use client";

/**
 * Which rows of a fixed-height list are in view, for the virtualized tree grid. Every row is
 * ROW_HEIGHT tall and sits below a sticky header of the same height, so the window is plain
 * arithmetic on the scroll offset: nothing is measured or kept per row, and a live update that
 * adds or removes rows costs nothing here.
 */
import { useCallback, useLayoutEffect, useState, type RefObject } from "react";
import { ROW_HEIGHT } from "./columns";

/** Rows drawn beyond each edge of the view, so a scroll shows drawn rows before React catches up. */
const OVERSCAN = 12;

export interface RowWindow {
  /** First and one-past-last row index to draw. */
  start: number;
  end: number;
}

/** The rows to draw for a view `height` px tall scrolled to `scrollTop` (the header included in the scroll). */
export function rowWindow(count: number, scrollTop: number, height: number): RowWindow {
  const first = Math.floor((scrollTop - ROW_HEIGHT) / ROW_HEIGHT);
  const last = Math.ceil((scrollTop + height - ROW_HEIGHT) / ROW_HEIGHT);
  return { start: Math.max(0, first - OVERSCAN), end: Math.max(0, Math.min(count, last + OVERSCAN)) };
}

/** The scroll offset that brings row `index` into view below the header, or null when it is in view. */
export function scrollToShow(index: number, scrollTop: number, height: number): number | null {
  const top = ROW_HEIGHT + index * ROW_HEIGHT;
  if (top < scrollTop + ROW_HEIGHT) return top - ROW_HEIGHT;
  if (top + ROW_HEIGHT > scrollTop + height) return top + ROW_HEIGHT - height;
  return null;
}

/**
 * The window of `count` rows inside `scrollRef`. Until the grid is measured it assumes
 * `initialHeight`, so the server renders the first screen of rows with the page.
 */
export function useRowWindow(scrollRef: RefObject<HTMLElement | null>, count: number, initialHeight: number) {
  const [view, setView] = useState({ scrollTop: 0, height: initialHeight });
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const read = () => setView({ scrollTop: element.scrollTop, height: element.clientHeight });
    read();
    element.addEventListener("scroll", read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(element);
    return () => {
      element.removeEventListener("scroll", read);
      resize.disconnect();
    };
  }, [scrollRef]);
  const scrollTo = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      const top = element ? scrollToShow(index, element.scrollTop, element.clientHeight) : null;
      if (element && top !== null) element.scrollTop = top;
    },
    [scrollRef],
  );
  /** Rows a Page Up/Down moves: a screen less two, so the last row seen stays in sight. */
  const pageSize = useCallback(() => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 2), [scrollRef]);
  return { ...rowWindow(count, view.scrollTop, view.height), scrollTo, pageSize };
}
