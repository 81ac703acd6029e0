/** Runs `onSubmit` when the form is submitted (Enter or its submit button), instead of the browser's page load. */
export function handleSubmit(options: { form: HTMLFormElement; onSubmit: () => void }): void {
  options.form.addEventListener('submit', (event) => {
    event.preventDefault();
    options.onSubmit();
  });
}

/**
 * Escape inside an open panel or form closes it, as its Cancel button does; not while its request runs (`isBusy`,
 * asked at the key press).
 */
export function closeOnEscape(options: { element: HTMLElement; isBusy: () => boolean; onClose: () => void }): void {
  options.element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !options.isBusy()) {
      event.preventDefault();
      options.onClose();
    }
  });
}
