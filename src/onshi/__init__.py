"""onshi: online insurance-eligibility confirmation (オンライン資格確認) and facility software."""

__version__ = "0.1.0"
