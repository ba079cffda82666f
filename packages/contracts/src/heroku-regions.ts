/**
 * Heroku names a region one way in manifests (`us`, `eu`, ...) and another in provision
 * requests (`amazon-web-services::us-east-1`). This table joins the two; the provider
 * strings follow Heroku's public region list. A manifest region of `*` accepts every region.
 */
const providerRegionsByName: Record<string, readonly string[]> = {
  us: ["amazon-web-services::us-east-1"],
  virginia: ["amazon-web-services::us-east-1"],
  eu: ["amazon-web-services::eu-west-1"],
  dublin: ["amazon-web-services::eu-west-1"],
  frankfurt: ["amazon-web-services::eu-central-1"],
  oregon: ["amazon-web-services::us-west-2"],
  tokyo: ["amazon-web-services::ap-northeast-1"],
  sydney: ["amazon-web-services::ap-southeast-2"],
  montreal: ["amazon-web-services::ca-central-1"],
  mumbai: ["amazon-web-services::ap-south-1"],
  singapore: ["amazon-web-services::ap-southeast-1"],
};

/** Whether a region sent by Heroku is one of the manifest's regions. */
export function isRegionSupported(requested: string, manifestRegions: readonly string[]): boolean {
  if (manifestRegions.includes("*") || manifestRegions.includes(requested)) return true;
  return manifestRegions.some((name) => providerRegionsByName[name]?.includes(requested) ?? false);
}
