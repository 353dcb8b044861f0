"""The sharded CI workflow ``relance init`` writes beside the main one: a matrix of builds, then a merge.

For a batch too big for one runner (tens of thousands of letters): each job of the matrix builds
one stable slice of the cases (``relance build --shard K/N``), and one last job joins their outputs
(``relance merge``) into the site a single build makes. Started by hand from the Actions tab, so
that it never doubles the cost of the main workflow; its matrix is the example to adapt.
"""

from __future__ import annotations

SETUP = """\
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: WeasyPrint system libraries
        run: |
          sudo apt-get update
          sudo apt-get install -y --no-install-recommends \\
            libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig"""
"""The steps every job of the workflows relance init writes starts with, after the checkout: Python,
and the libraries WeasyPrint needs (scripts/setup.sh installs the same for a developer)."""


def filled(template: str, quoted_install: str) -> str:
    """A workflow template with its setup steps and the relance install spec (a quoted YAML scalar)."""
    return template.replace("@SETUP@", SETUP).replace("@INSTALL@", quoted_install)


SHARD_WORKFLOW = """\
# Pour un lot trop grand pour une seule machine : les dossiers répartis entre 4 tâches, puis un seul site.
# For a batch too big for one runner: the cases split across a matrix of 4 jobs (a case always falls
# in the same slice, by its file path), then one job joins their outputs into one site with one
# manifest, the same bytes as a single build. Start it from the Actions tab; to split further, change
# the matrix and SHARDS together. RELANCE_AS_OF fixes the date of the letters' checks for every job,
# so a run that spans midnight still merges (leave it empty for today).
name: relance (shards)

on:
  workflow_dispatch:
    inputs:
      as_of:
        description: "Date of the checks (YYYY-MM-DD); empty for today"
        required: false
        default: ""

permissions:
  contents: read

env:
  # The relance these letters are checked with, pinned: `relance init --install SPEC` wrote it.
  RELANCE_INSTALL: @INSTALL@
  SHARDS: 4

jobs:
  shard:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        shard: [1, 2, 3, 4]
    steps:
      - uses: actions/checkout@v4
@SETUP@
      - name: Install relance
        run: python -m pip install "$RELANCE_INSTALL"
      - name: Build one slice of the cases
        env:
          SHARD: ${{ matrix.shard }}
          AS_OF: ${{ inputs.as_of }}
        run: |
          RELANCE_AS_OF="${AS_OF:-$(date -u +%F)}" relance build --shard "$SHARD/$SHARDS" --out "shard-$SHARD" \\
            || echo "::warning::shard $SHARD: some letters are blocked (see the merged site)"
      - uses: actions/upload-artifact@v4
        with:
          name: shard-${{ matrix.shard }}
          path: shard-${{ matrix.shard }}/
          include-hidden-files: true  # the manifest and .relance-shard.json, which merge reads
          retention-days: 1

  merge:
    needs: shard
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
@SETUP@
      - name: Install relance
        run: python -m pip install "$RELANCE_INSTALL"
      - uses: actions/download-artifact@v4
        with:
          pattern: shard-*
          path: shards/
      - name: Join the slices into one site
        run: relance merge shards/shard-* --out output
      - uses: actions/upload-artifact@v4
        if: ${{ !cancelled() }}
        with:
          name: letters
          path: output/
"""


def shard_workflow(quoted_install: str) -> str:
    """The sharded workflow, installing relance from ``quoted_install`` (a YAML scalar, quoted)."""
    return filled(SHARD_WORKFLOW, quoted_install)
