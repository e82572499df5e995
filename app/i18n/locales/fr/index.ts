import type { Translation } from "../messages";
import core from "./core";
import auth from "./auth";
import dashboard from "./dashboard";
import auditLog from "./audit-log";
import inventory from "./inventory";
import controls from "./controls";
import permits from "./permits";
import deadlines from "./deadlines";
import agreements from "./agreements";
import settings from "./settings";
import policyEngine from "./policy-engine";
import reports from "./reports";
import audits from "./audits";
import api from "./api";
import risks from "./risks";

const fr: Translation = {
  ...core,
  ...auth,
  ...dashboard,
  ...auditLog,
  ...inventory,
  ...controls,
  ...permits,
  ...deadlines,
  ...agreements,
  ...settings,
  ...policyEngine,
  ...reports,
  ...audits,
  ...api,
  ...risks,
};

export default fr;
