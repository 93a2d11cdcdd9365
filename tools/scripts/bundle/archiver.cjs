// Stand-in for `archiver` in app bundles: only cdktf's TerraformAsset with AssetType.ARCHIVE
// uses it, and Strata builds archives with ArchiveAsset (@strata/constructs/assets) instead.
module.exports = () => {
  throw new Error(
    'TerraformAsset archives are not built in Strata bundles: use ArchiveAsset from @strata/constructs/assets',
  );
};
