import { describe, expect, it } from "vitest";
import { isRegionSupported } from "./heroku-regions.ts";

describe("isRegionSupported", () => {
  it("accepts Heroku's provider region for a manifest region", () => {
    expect(isRegionSupported("amazon-web-services::us-east-1", ["us"])).toBe(true);
    expect(isRegionSupported("amazon-web-services::eu-west-1", ["us", "eu"])).toBe(true);
  });

  it("accepts a region named as in the manifest", () => {
    expect(isRegionSupported("eu", ["us", "eu"])).toBe(true);
  });

  it("refuses regions the manifest does not list", () => {
    expect(isRegionSupported("amazon-web-services::eu-west-1", ["us"])).toBe(false);
    expect(isRegionSupported("amazon-web-services::us-east-1", ["tokyo"])).toBe(false);
    expect(isRegionSupported("mars", ["us"])).toBe(false);
  });

  it("accepts every region when the manifest lists *", () => {
    expect(isRegionSupported("amazon-web-services::ap-south-1", ["*"])).toBe(true);
  });
});
