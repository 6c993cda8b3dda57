import { errorSentence, type FieldLabels, type ServerErrorLike } from "./error-sentence";

/** A form's server error as a sentence naming the field, announced to screen readers. */
export function FormError({ error, labels, className = "" }: { error: ServerErrorLike | null; labels?: FieldLabels; className?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className={`rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300 ${className}`}>
      {errorSentence(error, labels)}
    </p>
  );
}
