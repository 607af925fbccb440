"""signatures.counts: the public numbers of one petition, and of a page of them at once."""

from awaz.signatures.counts import forget_numbers, petition_numbers, petitions_numbers, tally_add
from tests.factories import make_petition


def test_many_petitions_read_at_once_have_the_numbers_of_each_read_alone(db, django_assert_num_queries):
    petitions = [make_petition() for _ in range(3)]
    for country, n in (("DE", 6), ("IS", 2), ("LU", 1)):
        tally_add(petition_id=petitions[0].pk, country=country, delta=n)
    tally_add(petition_id=petitions[1].pk, country="FR", delta=5)
    tally_add(petition_id=petitions[1].pk, country="FR", delta=-5)  # withdrawn again: no country left
    with django_assert_num_queries(1):
        many = petitions_numbers([p.pk for p in petitions])
    assert many[petitions[0].pk].by_country == (("DE", 6),)
    assert many[petitions[0].pk].other_countries == 3 and many[petitions[0].pk].total == 9
    assert many[petitions[1].pk].total == 0 and many[petitions[1].pk].by_country == ()
    for petition in petitions:
        forget_numbers(petition.pk)
        assert petition_numbers(petition.pk) == many[petition.pk]


def test_numbers_already_cached_cost_no_query(db, django_assert_num_queries):
    petition = make_petition()
    tally_add(petition_id=petition.pk, country="DE", delta=7)
    alone = petition_numbers(petition.pk)
    with django_assert_num_queries(0):
        assert petitions_numbers([petition.pk]) == {petition.pk: alone}
