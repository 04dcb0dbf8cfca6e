import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { marginTextGrey, marginTextPt } from './pdf-options.js';

const pointsPerMm = 72 / 25.4;
/** Where the footer's "page X of Y" sits: right-aligned on the right margin (12 mm), mid-way down the bottom margin (16 mm). */
const rightMm = 12;
const baselineMm = 7.2;

/**
 * Joins PDFs printed from the parts of one long document into `outPath` (atomically),
 * and writes "page X of Y" where each part's footer would have: Chromium counts pages
 * per print, so the parts are printed without page numbers and numbered here, once
 * the whole count is known. Returns the number of pages.
 *
 * Why parts at all: Chromium's time to print grows faster than the document. The
 * evidence document of 18,192 escalations took 96 s as one print and 24 s as eight
 * parts (two at a time), with 3 s more to join and number them here (pdf-lib, 4,560
 * pages, 235 MB).
 */
export async function joinPdfParts(parts: string[], outPath: string, metadata: { title: string; creator: string }): Promise<number> {
  const joined = await PDFDocument.create();
  for (const part of parts) {
    const printed = await PDFDocument.load(await readFile(part));
    for (const page of await joined.copyPages(printed, printed.getPageIndices())) joined.addPage(page);
  }
  const font = await joined.embedFont(StandardFonts.Helvetica);
  const pages = joined.getPages();
  const grey = rgb(marginTextGrey, marginTextGrey, marginTextGrey);
  pages.forEach((page, i) => {
    const text = `page ${i + 1} of ${pages.length}`;
    const width = font.widthOfTextAtSize(text, marginTextPt);
    page.drawText(text, { x: page.getWidth() - rightMm * pointsPerMm - width, y: baselineMm * pointsPerMm, size: marginTextPt, font, color: grey });
  });
  joined.setTitle(metadata.title);
  joined.setCreator(metadata.creator);
  joined.setProducer(metadata.creator);
  const partial = `${outPath}.part`;
  try {
    await writeFile(partial, await joined.save({ useObjectStreams: false }));
    await rename(partial, outPath);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return pages.length;
}
