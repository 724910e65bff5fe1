"""Persons by fødselsnummer or D-nummer, with birth date, exemption statuses over periods, and the
parent–child relation that lets a parent see a child's data."""
