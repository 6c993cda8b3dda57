/** A page whose capability is not built yet says so plainly instead of pretending. */
export function Coming({ title, what }: { title: string; what: string }) {
  return (
    <section>
      <h1 className="mb-2 text-2xl font-semibold">{title}</h1>
      <p className="max-w-prose rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        Coming: {what}
      </p>
    </section>
  );
}
