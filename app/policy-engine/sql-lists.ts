import { sql } from "drizzle-orm";

/** `value in ${uuidList(ids)}`: a list parameter that both drivers pass as one JSON value. */
export const uuidList = (ids: Iterable<string>) => sql`(select jsonb_array_elements_text(${JSON.stringify([...ids])}::jsonb)::uuid)`;
export const textList = (values: Iterable<string>) => sql`(select jsonb_array_elements_text(${JSON.stringify([...values])}::jsonb))`;
