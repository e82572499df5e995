// Tests validate as the app does: zod issues without a message of their own become our keys (app/i18n/zod-errors.ts).
import "../../app/i18n/zod-errors";
