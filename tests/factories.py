"""factory_boy factories: realistic rows with the fewest arguments."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from articles.models import Article, Author, Byline, Comment, Publication, Topic


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    name = factory.Sequence(lambda n: f"The Harbour Review {n}")
    slug = factory.Sequence(lambda n: f"harbour-review-{n}")
    about = "A quarterly of essays on trade, cities and the sea, edited by its readers."


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Mira Talvik {n}")
    slug = factory.Sequence(lambda n: f"mira-talvik-{n}")
    bio = "The author is an honorary academician of the Lowland Academy of Letters."


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Diplomacy {n}")
    slug = factory.Sequence(lambda n: f"diplomacy-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Why the river towns still matter ({n})")
    slug = factory.Sequence(lambda n: f"river-towns-{n}")
    standfirst = "Small ports shaped the inland economy more than its capitals did."
    body = "The first paragraph sets the scene.\n\nThe second paragraph makes the argument."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    publication = factory.SubFactory(PublicationFactory)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(
            extracted if extracted is not None else [AuthorFactory()]
        ):
            Byline.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    body = "A thoughtful reply about the argument in the piece."
    status = Comment.Status.APPROVED
