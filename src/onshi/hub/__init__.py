"""The hub: the national side (支払基金・国保中央会 and the insurers' 中間サーバー data)."""
