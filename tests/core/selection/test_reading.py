from pathlib import Path

import pytest

from impactdays.core.selection import Quota, SelectionInputError, read_instance


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_read_instance_replication_format_names_people_by_row(tmp_path):
    categories = write(
        tmp_path / "categories.csv",
        "category,feature,min,max\ngender,female,1,2\ngender,male,1,2\n",
    )
    people = write(tmp_path / "respondents.csv", "gender,age\nfemale,30\nmale,40\nmale,50\n")

    instance = read_instance(categories, people, panel_size=2)

    assert instance.quotas == (Quota("gender", "female", 1, 2), Quota("gender", "male", 1, 2))
    assert instance.person_ids == ("0", "1", "2")
    assert instance.person_values == (("female",), ("male",), ("male",))


def test_read_instance_sortition_algorithms_format_uses_the_id_column(tmp_path):
    features = write(
        tmp_path / "features.csv",
        "feature,value,min,max,min_flex,max_flex\ngender,female,1,2,0,3\ngender,male,1,2,0,3\n",
    )
    people = write(
        tmp_path / "candidates.csv",
        "nationbuilder_id,first_name,gender\nnb7,Ann,female\nnb9,Bob,male\n",
    )

    instance = read_instance(features, people, panel_size=2)

    assert instance.person_ids == ("nb7", "nb9")
    assert instance.person_values == (("female",), ("male",))


@pytest.mark.parametrize(
    ("quotas", "people", "where", "message"),
    [
        (
            "category,feature,min,max\ngender,female,1,x\n",
            "gender\nfemale\n",
            "categories.csv:2:",
            "max 'x' is not a whole number",
        ),
        (
            "category,feature,min,max\ngender,female,3,1\n",
            "gender\nfemale\n",
            "categories.csv:2:",
            "min 3 exceeds max 1",
        ),
        (
            "category,value,low,high\ngender,female,1,1\n",
            "gender\nfemale\n",
            "categories.csv:1:",
            "the header needs category,feature,min,max or feature,value,min,max",
        ),
        (
            "category,feature,min,max\ngender,female,0,1\n",
            "gender\nfemale\nmale\n",
            "respondents.csv:3:",
            "gender 'male' is not among the quotas' values",
        ),
        (
            "category,feature,min,max\ngender,female,0,1\n",
            "age\n30\n",
            "respondents.csv:1:",
            "the header has no column 'gender'",
        ),
        (
            "category,feature,min,max\ngender,female,0,1\n",
            "gender,id\nfemale,a\nfemale,a\n",
            "respondents.csv:3:",
            "id 'a' appears twice",
        ),
        (
            "category,feature,min,max\ngender,female,0,1\n",
            "gender\nfemale,extra\n",
            "respondents.csv:2:",
            "2 fields where the header has 1",
        ),
    ],
)
def test_read_instance_malformed_files_name_file_and_line(tmp_path, quotas, people, where, message):
    categories = write(tmp_path / "categories.csv", quotas)
    respondents = write(tmp_path / "respondents.csv", people)

    with pytest.raises(SelectionInputError) as raised:
        read_instance(categories, respondents, panel_size=1)

    assert str(raised.value).endswith(f"{where} {message}")
