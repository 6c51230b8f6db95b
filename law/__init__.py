"""The law as pure rules: plain functions of dates and amounts, no database, no ORM.

deadlines  registration within 30 days (SI Law art. 58, Civil Code arts. 201-203)
payments   payment months and the agency's cut-off
layoffs    the economic-layoff threshold (Labour Contract Law art. 41)
money      contributions of a month and the one rounding place
exposure   what a missed deadline costs
"""
