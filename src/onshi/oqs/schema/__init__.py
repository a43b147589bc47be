"""XML Schemas of the documents onshi writes (package data, loaded by onshi.oqs.validation)."""
