export * from "./identity";
export * from "./audit";
export * from "./inventory";
export * from "./controls";
export * from "./permits";
export * from "./notifications";
export * from "./agreements";
export * from "./findings";
