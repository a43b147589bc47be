"""The terminal: the facility's 資格確認端末 with its exchange folders and staff screens."""
