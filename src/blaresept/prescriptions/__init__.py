"""The prescription register (the Reseptformidleren role): doctors' blue prescriptions, cancelled by the doctor,
dispensed against by pharmacies, exported and imported as the official Forskrivning XML."""
