export * from "./identity";
export * from "./audit";
export * from "./inventory";
