// A plain table for pdfkit: a bold header row, hairlines between rows, numbers right-aligned, and a page break
// that repeats the header.
export interface PdfColumn {
  header: string;
  /** Share of the table's width (all columns' shares add up to 1). */
  width: number;
  align?: 'left' | 'right';
}

const ROW_PADDING = 4;
const FONT_SIZE = 8.5;

export function drawTable(doc: PDFKit.PDFDocument, columns: PdfColumn[], rows: string[][]): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const widths = columns.map((column) => column.width * width);
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const rowHeight = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
    return (
      Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i] - 2 * ROW_PADDING }))) +
      2 * ROW_PADDING
    );
  };
  const drawRow = (cells: string[], bold: boolean) => {
    const height = rowHeight(cells, bold);
    if (doc.y + height > bottom()) {
      doc.addPage();
      if (!bold)
        drawRow(
          columns.map((column) => column.header),
          true,
        );
    }
    const top = doc.y;
    let x = left;
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(FONT_SIZE)
      .fillColor(bold ? '#444444' : '#151922');
    cells.forEach((cell, i) => {
      doc.text(cell, x + ROW_PADDING, top + ROW_PADDING, {
        width: widths[i] - 2 * ROW_PADDING,
        align: columns[i].align ?? 'left',
        lineBreak: true,
      });
      x += widths[i];
    });
    doc
      .moveTo(left, top + height)
      .lineTo(left + width, top + height)
      .lineWidth(bold ? 0.8 : 0.3)
      .strokeColor(bold ? '#888888' : '#cccccc')
      .stroke();
    doc.x = left;
    doc.y = top + height;
  };

  drawRow(
    columns.map((column) => column.header),
    true,
  );
  for (const row of rows) drawRow(row, false);
  doc.moveDown(0.8);
}
