from django import forms

from articles.models import Comment


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    url = forms.URLField(
        label="Website",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
    )

    class Meta:
        model = Comment
        fields = ["body", "name", "email", "url"]
        labels = {"body": "Comment", "url": "Website"}
        help_texts = {"email": "Required, never published.", "url": ""}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].strip = True
