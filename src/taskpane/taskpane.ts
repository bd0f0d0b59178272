/* global document, Excel, HTMLButtonElement, HTMLElement, Office */
import { insertAssumptionsFormula } from './insert-assumptions';

// Office.onReady also fires when the page is opened in a plain browser (host null): then the
// button cannot work, so it is hidden and the page says why instead of failing on click.
Office.onReady((info) => {
  const button = document.getElementById('insert-assumptions') as HTMLButtonElement;
  const status = document.getElementById('status') as HTMLElement;
  if (info.host !== Office.HostType.Excel) {
    button.hidden = true;
    status.textContent = 'Open Beekeeper from Excel (Home tab › Beekeeper) to insert an assumptions table.';
    return;
  }
  button.addEventListener('click', async () => {
    button.disabled = true; // against double clicks while Excel works, re-enabled below
    status.textContent = '';
    try {
      const result = await Excel.run((context) => insertAssumptionsFormula(context));
      status.textContent = result.message;
    } catch (err) {
      status.textContent = `Could not insert the table: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      button.disabled = false;
    }
  });
});
