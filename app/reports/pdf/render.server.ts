import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, PDFName, PDFString, rgb, type PDFFont, type PDFPage, type RGB } from "pdf-lib";
import QRCode from "qrcode";
import { formatNumber } from "../../ui/numbers";
import { interpolate, resolveTemplate, runningScope, type ResolvedBlock } from "./resolve";
import type { Language, Style, Template } from "./template-schema";
import { fitColumns, hyphenatorFor, widestWord, wrapText, type Hyphenator } from "./wrap.server";

/** What the PDF says about itself; `createdAt` comes from the data (a run, an issue), never from the clock. */
export type DocumentInfo = {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  createdAt: Date;
  /** Extra entries of the document information dictionary, such as the signature placeholder. */
  extra?: Record<string, string>;
};

const A4: [number, number] = [595.28, 841.89];
const require = createRequire(import.meta.url);
let fontBytes: { regular: Uint8Array; bold: Uint8Array } | undefined;

/** DejaVu Sans from the npm package: every Latin accent, œ, €, and the box-drawing symbols a report needs. */
function fonts() {
  fontBytes ??= {
    regular: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    bold: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
  };
  return fontBytes;
}

function hexColor(hex: string): RGB {
  const n = Number.parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

// Tabs, carriage returns and other control characters have no glyph: they would print as boxes.
// eslint-disable-next-line no-control-regex -- control characters are what this replaces
const printable = (text: string) => text.replace(/\t/g, "    ").replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, " ");

type Fonts = { regular: PDFFont; bold: PDFFont };
type TocEntry = { text: string; level: 1 | 2; page: number };

/** Lays resolved blocks out on A4 pages: wraps text, breaks tables across pages with their header repeated. */
class Layout {
  readonly pages: PDFPage[] = [];
  readonly toc: TocEntry[] = [];
  private page!: PDFPage;
  private y = 0;
  private readonly widths = new Map<PDFFont, Map<string, number>>();
  private readonly hyphenate: Hyphenator;

  constructor(
    private readonly doc: PDFDocument,
    private readonly template: Template,
    readonly fonts: Fonts,
    private readonly language: Language,
  ) {
    this.hyphenate = hyphenatorFor(language);
  }

  get left() {
    return this.template.page.margin.left;
  }
  get contentWidth() {
    return A4[0] - this.template.page.margin.left - this.template.page.margin.right;
  }
  private get top() {
    return A4[1] - this.template.page.margin.top;
  }
  private get bottom() {
    return this.template.page.margin.bottom;
  }
  get pageIsEmpty() {
    return this.y === this.top;
  }

  style(name: string): Style {
    const style = this.template.styles[name];
    if (!style) throw new Error(`template ${this.template.id}: no style named "${name}"`);
    return style;
  }
  font(style: Style) {
    return style.bold ? this.fonts.bold : this.fonts.regular;
  }
  lineHeight(style: Style) {
    return style.size * style.lineHeight;
  }

  addPage() {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = this.top;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number) {
    if (this.y - height < this.bottom && !this.pageIsEmpty) this.addPage();
  }

  space(height: number) {
    if (this.pageIsEmpty) return;
    this.y = Math.max(this.y - height, this.bottom);
  }

  textWidth(text: string, font: PDFFont, size: number): number {
    let cache = this.widths.get(font);
    if (!cache) this.widths.set(font, (cache = new Map()));
    let width = 0;
    for (const ch of text) {
      let w = cache.get(ch);
      if (w === undefined) cache.set(ch, (w = font.widthOfTextAtSize(ch, 1)));
      width += w;
    }
    return width * size;
  }

  /** Breaks text into lines no wider than `maxWidth`: between words, and inside a word only as wrap.server.ts says. */
  wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
    return wrapText(printable(text), { measure: (t) => this.textWidth(t, font, size), maxWidth, hyphenate: this.hyphenate });
  }

  drawLine(text: string, x: number, baseline: number, style: Style, color = style.color) {
    if (text) this.page.drawText(text, { x, y: baseline, size: style.size, font: this.font(style), color: hexColor(color) });
  }

  /** Draws wrapped lines at the cursor, moving to new pages as needed. */
  flow(lines: string[], style: Style, x = this.left) {
    const height = this.lineHeight(style);
    for (const line of lines) {
      this.ensure(height);
      this.y -= height;
      this.drawLine(line, x, this.y + (height - style.size) / 2 + style.size * 0.22, style);
    }
  }

  paragraph(text: string, styleName: string) {
    const style = this.style(styleName);
    this.space(style.spaceBefore);
    this.flow(this.wrap(text, this.font(style), style.size, this.contentWidth), style);
    this.space(style.spaceAfter);
  }

  heading(block: Extract<ResolvedBlock, { type: "heading" }>) {
    const style = this.style(block.level === 1 ? "heading1" : "heading2");
    const lines = this.wrap(block.text, this.font(style), style.size, this.contentWidth);
    // Keep a heading with the start of what follows it.
    this.ensure(style.spaceBefore + lines.length * this.lineHeight(style) + 48);
    this.space(style.spaceBefore);
    if (block.toc) this.toc.push({ text: block.text, level: block.level, page: this.pages.length });
    this.flow(lines, style);
    if (block.level === 1) {
      this.page.drawLine({
        start: { x: this.left, y: this.y - 2 },
        end: { x: this.left + this.contentWidth, y: this.y - 2 },
        thickness: 0.6,
        color: hexColor(this.template.colors.rule),
      });
    }
    this.space(style.spaceAfter);
  }

  fields(rows: [string, string][]) {
    const label = this.style("tableHeader");
    const value = this.style("body");
    const labelWidth = this.contentWidth * 0.32;
    for (const [name, text] of rows) {
      const nameLines = this.wrap(name, this.font(label), label.size, labelWidth - 8);
      const valueLines = this.wrap(text, this.font(value), value.size, this.contentWidth - labelWidth);
      const height = Math.max(nameLines.length * this.lineHeight(label), valueLines.length * this.lineHeight(value));
      if (height > this.top - this.bottom) {
        this.flow([...nameLines, ...valueLines], value);
        continue;
      }
      this.ensure(height + 2);
      const top = this.y;
      nameLines.forEach((line, i) =>
        this.drawLine(line, this.left, top - (i + 1) * this.lineHeight(label) + label.size * 0.3, label, this.style("body").color),
      );
      valueLines.forEach((line, i) =>
        this.drawLine(line, this.left + labelWidth, top - (i + 1) * this.lineHeight(value) + value.size * 0.3, value),
      );
      this.y = top - height - 2;
    }
    this.space(value.spaceAfter + 2);
  }

  table(block: Extract<ResolvedBlock, { type: "table" }>) {
    const head = this.style("tableHeader");
    const cell = this.style("tableCell");
    const padding = 3;
    // Each column is at least as wide as the longest word of its header, so that headers break between words.
    const minimums = block.headers.map(
      (header) => widestWord(printable(header), (t) => this.textWidth(t, this.font(head), head.size)) + 2 * padding + 0.5,
    );
    const widths = fitColumns(
      block.widths.map((w) => w * this.contentWidth),
      minimums,
      this.contentWidth,
    );
    const cellLines = (row: string[], style: Style) =>
      row.map((text, i) => this.wrap(text, this.font(style), style.size, widths[i]! - 2 * padding));
    const rowHeight = (lines: string[][], style: Style) => Math.max(...lines.map((l) => l.length)) * this.lineHeight(style) + 2 * padding;
    const headerLines = cellLines(block.headers, head);
    const headerHeight = rowHeight(headerLines, head);
    const maxRowHeight = this.top - this.bottom - headerHeight - 4;

    const drawRow = (lines: string[][], style: Style, height: number, fill: string | null, textColor: string) => {
      if (fill) this.page.drawRectangle({ x: this.left, y: this.y - height, width: this.contentWidth, height, color: hexColor(fill) });
      let x = this.left;
      lines.forEach((cellText, i) => {
        cellText.forEach((line, n) => {
          const lineX =
            block.aligns[i] === "right" ? x + widths[i]! - padding - this.textWidth(line, this.font(style), style.size) : x + padding;
          this.drawLine(line, lineX, this.y - padding - (n + 1) * this.lineHeight(style) + style.size * 0.3, style, textColor);
        });
        x += widths[i]!;
      });
      this.y -= height;
    };
    const drawHeader = () =>
      drawRow(headerLines, head, headerHeight, this.template.colors.tableHeader, this.template.colors.tableHeaderText);

    this.ensure(headerHeight + this.lineHeight(cell) + 2 * padding);
    drawHeader();
    if (block.rows.length === 0) {
      this.flow([block.empty], this.style("small"), this.left + padding);
    }
    block.rows.forEach((row, index) => {
      let lines = cellLines(row, cell);
      let height = rowHeight(lines, cell);
      if (height > maxRowHeight) {
        // A single row taller than a page is cut so the table stays on the page; the cut is marked.
        const keep = Math.floor((maxRowHeight - 2 * padding) / this.lineHeight(cell)) - 1;
        lines = lines.map((l) => (l.length > keep ? [...l.slice(0, keep), "[…]"] : l));
        height = rowHeight(lines, cell);
      }
      if (this.y - height < this.bottom) {
        this.addPage();
        drawHeader();
      }
      drawRow(lines, cell, height, index % 2 === 1 ? this.template.colors.tableStripe : null, cell.color);
    });
    this.page.drawLine({
      start: { x: this.left, y: this.y },
      end: { x: this.left + this.contentWidth, y: this.y },
      thickness: 0.4,
      color: hexColor(this.template.colors.rule),
    });
    this.space(cell.spaceAfter + 6);
  }

  list(block: Extract<ResolvedBlock, { type: "list" }>) {
    const style = this.style("body");
    if (block.items.length === 0) return this.paragraph(block.empty, "small");
    for (const item of block.items) {
      const lines = this.wrap(item, this.font(style), style.size, this.contentWidth - 12);
      this.ensure(this.lineHeight(style));
      this.drawLine("•", this.left + 2, this.y - this.lineHeight(style) + style.size * 0.3, style);
      this.flow(lines, style, this.left + 12);
    }
    this.space(style.spaceAfter);
  }

  /** One series: horizontal bars with their values. Several: stacked columns with a legend. */
  bars(block: Extract<ResolvedBlock, { type: "bars" }>) {
    const small = this.style("small");
    if (block.labels.length === 0) return this.paragraph(block.empty, "small");
    if (block.series.length === 1) return this.horizontalBars(block, small);
    const chartHeight = 120;
    const legendHeight = this.lineHeight(small) + 4;
    this.ensure(chartHeight + legendHeight + 2 * this.lineHeight(small));
    const totals = block.labels.map((_, i) => block.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
    const max = Math.max(1, ...totals);
    const slot = this.contentWidth / block.labels.length;
    const base = this.y - chartHeight;
    block.labels.forEach((label, i) => {
      let stacked = 0;
      for (const series of block.series) {
        const height = ((series.values[i] ?? 0) / max) * (chartHeight - 12);
        if (height > 0)
          this.page.drawRectangle({
            x: this.left + i * slot + slot * 0.15,
            y: base + stacked,
            width: slot * 0.7,
            height,
            color: hexColor(series.color),
          });
        stacked += height;
      }
      const every = Math.ceil(block.labels.length / 10);
      if (i % every === 0) this.drawLine(label, this.left + i * slot, base - small.size - 2, small);
    });
    this.drawLine(formatNumber(max, this.language, 2), this.left, this.y - small.size, small);
    this.page.drawLine({
      start: { x: this.left, y: base },
      end: { x: this.left + this.contentWidth, y: base },
      thickness: 0.5,
      color: hexColor(this.template.colors.rule),
    });
    this.y = base - this.lineHeight(small) - 4;
    let x = this.left;
    for (const series of block.series) {
      this.page.drawRectangle({ x, y: this.y - small.size, width: small.size, height: small.size, color: hexColor(series.color) });
      this.drawLine(series.label, x + small.size + 3, this.y - small.size + 1, small);
      x += small.size + 10 + this.textWidth(series.label, this.font(small), small.size);
    }
    this.y -= legendHeight;
    this.space(small.spaceAfter + 6);
  }

  private horizontalBars(block: Extract<ResolvedBlock, { type: "bars" }>, small: Style) {
    const series = block.series[0]!;
    const max = Math.max(1, ...series.values);
    const labelWidth = this.contentWidth * 0.3;
    const barSpace = this.contentWidth - labelWidth - 40;
    const rowHeight = small.size + 6;
    block.labels.forEach((label, i) => {
      this.ensure(rowHeight);
      const value = series.values[i] ?? 0;
      const [shortLabel = ""] = this.wrap(label, this.font(small), small.size, labelWidth - 6);
      this.drawLine(shortLabel, this.left, this.y - small.size - 1, small);
      const width = (value / max) * barSpace;
      if (width > 0)
        this.page.drawRectangle({
          x: this.left + labelWidth,
          y: this.y - rowHeight + 2,
          width,
          height: rowHeight - 4,
          color: hexColor(series.color),
        });
      this.drawLine(formatNumber(value, this.language, 2), this.left + labelWidth + width + 4, this.y - small.size - 1, small);
      this.y -= rowHeight;
    });
    this.space(small.spaceAfter + 6);
  }

  qr(block: Extract<ResolvedBlock, { type: "qr" }>) {
    const matrix = QRCode.create(block.value, { errorCorrectionLevel: "M" }).modules;
    const cell = block.size / matrix.size;
    this.ensure(block.size + 8);
    const top = this.y - 4;
    for (let row = 0; row < matrix.size; row++) {
      // One rectangle per run of dark modules keeps the content stream small.
      let start = -1;
      for (let col = 0; col <= matrix.size; col++) {
        const dark = col < matrix.size && matrix.get(row, col) === 1;
        if (dark && start < 0) start = col;
        if (!dark && start >= 0) {
          this.page.drawRectangle({
            x: this.left + start * cell,
            y: top - (row + 1) * cell,
            width: (col - start) * cell,
            height: cell,
            color: rgb(0, 0, 0),
          });
          start = -1;
        }
      }
    }
    if (block.caption) {
      const style = this.style("body");
      const lines = this.wrap(block.caption, this.font(style), style.size, this.contentWidth - block.size - 16);
      lines.forEach((line, i) => this.drawLine(line, this.left + block.size + 16, top - (i + 1) * this.lineHeight(style), style));
    }
    this.y = top - block.size - 8;
  }

  /** Reserves the pages the contents will need; they are written once every heading has its page. */
  reserveToc(entries: number): number {
    if (!this.pageIsEmpty) this.addPage();
    const first = this.pages.length - 1;
    const perPage = Math.floor((this.top - this.bottom - 40) / this.lineHeight(this.style("body")));
    const count = Math.max(1, Math.ceil(entries / perPage));
    for (let i = 1; i < count; i++) this.addPage();
    this.addPage();
    return first;
  }

  writeToc(firstPage: number, title: string) {
    const style = this.style("body");
    const heading = this.style("heading1");
    let pageIndex = firstPage;
    this.page = this.pages[pageIndex]!;
    this.y = this.top;
    this.flow([title], heading);
    this.y -= heading.spaceAfter;
    for (const entry of this.toc) {
      if (this.y - this.lineHeight(style) < this.bottom) {
        this.page = this.pages[++pageIndex]!;
        this.y = this.top;
      }
      const indent = entry.level === 2 ? 14 : 0;
      const number = String(entry.page);
      const numberWidth = this.textWidth(number, this.font(style), style.size);
      const available = this.contentWidth - indent - numberWidth - 12;
      const [text = ""] = this.wrap(entry.text, this.font(style), style.size, available);
      const dots = ".".repeat(
        Math.max(
          0,
          Math.floor((available - this.textWidth(text, this.font(style), style.size)) / this.textWidth(".", this.font(style), style.size)) -
            1,
        ),
      );
      this.y -= this.lineHeight(style);
      const baseline = this.y + style.size * 0.3;
      this.drawLine(`${text} ${dots}`, this.left + indent, baseline, style);
      this.drawLine(number, this.left + this.contentWidth - numberWidth, baseline, style);
    }
  }

  runningTexts(scope: Record<string, unknown>) {
    const style = this.style("running");
    const { margin } = this.template.page;
    const fit = (text: string, width: number) => this.wrap(text, this.font(style), style.size, width)[0] ?? "";
    const total = this.pages.length;
    this.pages.forEach((page, index) => {
      if (index === 0 && this.template.cover) return;
      this.page = page;
      const values = { ...scope, page: String(index + 1), pages: String(total) };
      // The right-hand text (a page number, a period) is short: the left-hand one gets the rest of the line.
      const pair = (left: string, right: string) => {
        const r = fit(interpolate(right, values, this.template.id, this.language), this.contentWidth / 2);
        return {
          left: fit(
            interpolate(left, values, this.template.id, this.language),
            this.contentWidth - this.textWidth(r, this.font(style), style.size) - 16,
          ),
          right: r,
        };
      };
      const headerY = A4[1] - margin.top + 14;
      const footerY = margin.bottom - 24;
      const right = (t: string) => this.left + this.contentWidth - this.textWidth(t, this.font(style), style.size);
      const header = pair(this.template.header.left, this.template.header.right);
      const footer = pair(this.template.footer.left, this.template.footer.right);
      this.drawLine(header.left, this.left, headerY, style);
      this.drawLine(header.right, right(header.right), headerY, style);
      page.drawLine({
        start: { x: this.left, y: headerY - 4 },
        end: { x: this.left + this.contentWidth, y: headerY - 4 },
        thickness: 0.4,
        color: hexColor(this.template.colors.rule),
      });
      page.drawLine({
        start: { x: this.left, y: footerY + style.size + 4 },
        end: { x: this.left + this.contentWidth, y: footerY + style.size + 4 },
        thickness: 0.4,
        color: hexColor(this.template.colors.rule),
      });
      this.drawLine(footer.left, this.left, footerY, style);
      this.drawLine(footer.right, right(footer.right), footerY, style);
    });
  }
}

function layBlocks(layout: Layout, blocks: ResolvedBlock[]) {
  let toc: { first: number; title: string } | null = null;
  const tocEntries = blocks.filter((b) => b.type === "heading" && b.toc).length;
  for (const [index, block] of blocks.entries()) {
    const next = blocks[index + 1];
    switch (block.type) {
      case "heading":
        // A heading is never left alone at the foot of a page; before a QR code, the code comes with it.
        if (next?.type === "qr") layout.ensure(next.size + 60);
        layout.heading(block);
        break;
      case "paragraph":
        layout.paragraph(block.text, block.style);
        break;
      case "fields":
        layout.fields(block.rows);
        break;
      case "table":
        layout.table(block);
        break;
      case "list":
        layout.list(block);
        break;
      case "bars":
        layout.bars(block);
        break;
      case "qr":
        layout.qr(block);
        break;
      case "toc":
        toc = { first: layout.reserveToc(tocEntries), title: block.title };
        break;
      case "pageBreak":
        if (!layout.pageIsEmpty) layout.addPage();
        break;
      case "spacer":
        layout.space(block.height);
        break;
    }
  }
  if (toc) layout.writeToc(toc.first, toc.title);
}

/**
 * Renders a template with its data. The same template, data, language and info give the same bytes: pdf-lib's
 * only randomness is a seeded generator, and every date comes from `info`.
 */
export async function renderPdf(
  template: Template,
  data: Record<string, unknown>,
  language: Language,
  info: DocumentInfo,
): Promise<Uint8Array> {
  const blocks = resolveTemplate(template, data, language);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const bytes = fonts();
  // Ligatures off: "fi" stays two characters, so the text extracts as it was written.
  const features = { liga: false, clig: false, dlig: false };
  const embedded = {
    regular: await doc.embedFont(bytes.regular, { subset: true, features, customName: "ATTEST+DejaVuSans" }),
    bold: await doc.embedFont(bytes.bold, { subset: true, features, customName: "ATTEST+DejaVuSans-Bold" }),
  };
  const layout = new Layout(doc, template, embedded, language);
  layout.addPage();
  layBlocks(layout, blocks);
  layout.runningTexts(runningScope(template, data, language));

  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  doc.setKeywords(info.keywords);
  doc.setLanguage(language);
  doc.setCreator(`Attest (template ${template.id} v${template.version})`);
  doc.setProducer("Attest on pdf-lib 1.17.1");
  doc.setCreationDate(info.createdAt);
  doc.setModificationDate(info.createdAt);
  const infoDict = doc.context.lookup(doc.context.trailerInfo.Info);
  if (infoDict && "set" in infoDict && info.extra) {
    for (const [key, value] of Object.entries(info.extra))
      (infoDict as { set(k: PDFName, v: PDFString): void }).set(PDFName.of(key), PDFString.of(value));
  }
  return doc.save({ useObjectStreams: false });
}
