"""The patches of pinned libraries (booklet.patches): each refuses a version it was not made for, and the
WeasyPrint one lasts exactly as long as the document it was made for."""

from __future__ import annotations

import pytest

from booklet.patches import PatchError, require


def test_a_patch_refuses_another_version_of_its_library():
    require("Sphinx", "9.0.4", "9.0.4")
    with pytest.raises(
        PatchError, match=r"Sphinx 9\.1\.0 is installed; booklet\.patches\.sphinx was made for 9\.0\.4"
    ):
        require("Sphinx", "9.1.0", "9.0.4")


def test_the_pinned_versions_are_the_ones_the_patches_were_made_for():
    import sphinx
    import weasyprint

    from booklet.patches import sphinx as sphinx_patch
    from booklet.patches import weasyprint as weasyprint_patch

    assert sphinx.__version__ == sphinx_patch.MADE_FOR
    assert weasyprint.__version__ == weasyprint_patch.MADE_FOR


def test_the_lang_patch_does_not_outlive_its_document():
    from weasyprint.pdf import tags

    from booklet.patches.weasyprint import languages_tagged

    original = tags._build_box_tree
    with languages_tagged():
        assert tags._build_box_tree is not original
    assert tags._build_box_tree is original
