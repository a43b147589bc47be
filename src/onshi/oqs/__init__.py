"""The interface documents of the オンライン資格確認等システム: messages, codecs, code tables."""
