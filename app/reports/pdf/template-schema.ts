import { z } from "zod";

/**
 * A document template: page geometry, named styles, running header and footer, labels in each language, and the
 * blocks of the document in order. Texts are `{{ path }}` templates over the document's data (see resolve.ts); the
 * template holds no drawing code, the engine (render.server.ts) lays every block out the same way.
 */
const Hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #1a2b3c");
const Text = z.string().max(2000);
/** A dotted path into the data, such as `findings` or `tenant.sites`. */
const DataPath = z.string().regex(/^[a-zA-Z_][\w]*(\.[a-zA-Z_][\w]*)*$/, "must be a dotted path such as tenant.sites");

export const StyleSchema = z.strictObject({
  size: z.number().min(5).max(48),
  bold: z.boolean().default(false),
  color: Hex.default("#1a1a1a"),
  lineHeight: z.number().min(1).max(3).default(1.3),
  spaceBefore: z.number().min(0).max(200).default(0),
  spaceAfter: z.number().min(0).max(200).default(4),
});
export type Style = z.infer<typeof StyleSchema>;

const Conditional = { if: DataPath.optional(), unless: DataPath.optional() };

const ColumnSchema = z.strictObject({
  label: Text,
  value: Text,
  width: z.number().positive().max(100),
  align: z.enum(["left", "right"]).default("left"),
});

const SeriesSchema = z.strictObject({ label: Text, value: DataPath, color: Hex });

type BlockInput =
  | { type: "heading"; text: string; level?: 1 | 2; toc?: boolean; if?: string; unless?: string }
  | { type: "paragraph"; text: string; style?: string; if?: string; unless?: string }
  | { type: "fields"; rows: { label: string; value: string }[]; if?: string; unless?: string }
  | { type: "table"; rows: string; columns: z.input<typeof ColumnSchema>[]; empty: string; if?: string; unless?: string }
  | { type: "list"; items: string; text: string; empty?: string; if?: string; unless?: string }
  | { type: "bars"; items: string; label: string; series: z.input<typeof SeriesSchema>[]; empty?: string; if?: string; unless?: string }
  | { type: "qr"; value: string; caption?: string; size?: number; if?: string; unless?: string }
  | { type: "toc"; title: string }
  | { type: "pageBreak"; if?: string; unless?: string }
  | { type: "spacer"; height: number }
  | { type: "repeat"; items: string; as: string; blocks: BlockInput[]; if?: string; unless?: string };

export const BlockSchema: z.ZodType<Block, BlockInput> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("heading"),
      text: Text,
      level: z.union([z.literal(1), z.literal(2)]).default(1),
      toc: z.boolean().default(true),
      ...Conditional,
    }),
    z.strictObject({ type: z.literal("paragraph"), text: Text, style: z.string().default("body"), ...Conditional }),
    z.strictObject({ type: z.literal("fields"), rows: z.array(z.strictObject({ label: Text, value: Text })).min(1), ...Conditional }),
    z.strictObject({
      type: z.literal("table"),
      rows: DataPath,
      columns: z.array(ColumnSchema).min(1).max(12),
      empty: Text,
      ...Conditional,
    }),
    z.strictObject({ type: z.literal("list"), items: DataPath, text: Text, empty: Text.optional(), ...Conditional }),
    z.strictObject({
      type: z.literal("bars"),
      items: DataPath,
      label: Text,
      series: z.array(SeriesSchema).min(1).max(6),
      empty: Text.optional(),
      ...Conditional,
    }),
    z.strictObject({
      type: z.literal("qr"),
      value: Text,
      caption: Text.optional(),
      size: z.number().min(40).max(300).default(96),
      ...Conditional,
    }),
    z.strictObject({ type: z.literal("toc"), title: Text }),
    z.strictObject({ type: z.literal("pageBreak"), ...Conditional }),
    z.strictObject({ type: z.literal("spacer"), height: z.number().min(1).max(400) }),
    z.strictObject({
      type: z.literal("repeat"),
      items: DataPath,
      as: z.string().regex(/^[a-z]\w*$/),
      blocks: z.array(BlockSchema).min(1),
      ...Conditional,
    }),
  ]),
);

export type Block =
  | { type: "heading"; text: string; level: 1 | 2; toc: boolean; if?: string | undefined; unless?: string | undefined }
  | { type: "paragraph"; text: string; style: string; if?: string | undefined; unless?: string | undefined }
  | { type: "fields"; rows: { label: string; value: string }[]; if?: string | undefined; unless?: string | undefined }
  | {
      type: "table";
      rows: string;
      columns: z.infer<typeof ColumnSchema>[];
      empty: string;
      if?: string | undefined;
      unless?: string | undefined;
    }
  | { type: "list"; items: string; text: string; empty?: string | undefined; if?: string | undefined; unless?: string | undefined }
  | {
      type: "bars";
      items: string;
      label: string;
      series: z.infer<typeof SeriesSchema>[];
      empty?: string | undefined;
      if?: string | undefined;
      unless?: string | undefined;
    }
  | { type: "qr"; value: string; caption?: string | undefined; size: number; if?: string | undefined; unless?: string | undefined }
  | { type: "toc"; title: string }
  | { type: "pageBreak"; if?: string | undefined; unless?: string | undefined }
  | { type: "spacer"; height: number }
  | { type: "repeat"; items: string; as: string; blocks: Block[]; if?: string | undefined; unless?: string | undefined };

const RunningText = z.strictObject({ left: Text.default(""), right: Text.default("") });

export const LANGUAGES = ["en", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];

export const TemplateSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    version: z.number().int().positive(),
    page: z.strictObject({
      size: z.enum(["A4"]).default("A4"),
      margin: z.strictObject({
        top: z.number().min(20).max(150),
        right: z.number().min(20).max(150),
        bottom: z.number().min(20).max(150),
        left: z.number().min(20).max(150),
      }),
    }),
    styles: z.record(z.string(), StyleSchema),
    colors: z.strictObject({ rule: Hex, tableHeader: Hex, tableStripe: Hex, tableHeaderText: Hex }),
    /** The first page is a cover: no running header or footer on it. */
    cover: z.boolean().default(false),
    header: RunningText,
    footer: RunningText,
    labels: z.strictObject({ en: z.record(z.string(), z.string()), fr: z.record(z.string(), z.string()) }),
    blocks: z.array(BlockSchema).min(1),
  })
  .superRefine((template, ctx) => {
    for (const required of ["title", "heading1", "heading2", "body", "small", "tableHeader", "tableCell", "running"]) {
      if (!template.styles[required])
        ctx.addIssue({ code: "custom", path: ["styles", required], message: `the style "${required}" is required` });
    }
    const en = Object.keys(template.labels.en).sort();
    const fr = new Set(Object.keys(template.labels.fr));
    for (const key of en) if (!fr.has(key)) ctx.addIssue({ code: "custom", path: ["labels", "fr", key], message: "missing French label" });
    for (const key of fr)
      if (!template.labels.en[key]) ctx.addIssue({ code: "custom", path: ["labels", "en", key], message: "missing English label" });
  });
export type Template = z.infer<typeof TemplateSchema>;
