/**
 * Makes `element` a drop target for one file: marked `dragging` while a file is held over it (children entering
 * and leaving included), `onFile` called with the first file dropped.
 */
export function acceptDroppedFile(element: HTMLElement, onFile: (file: File) => void): void {
  let depth = 0;
  element.addEventListener('dragenter', (event) => {
    event.preventDefault();
    depth += 1;
    element.classList.add('dragging');
  });
  element.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  });
  element.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) element.classList.remove('dragging');
  });
  element.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    element.classList.remove('dragging');
    const file = event.dataTransfer?.files?.[0];
    if (file) onFile(file);
  });
}
