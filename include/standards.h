/*
 * standards: the national standards of NHS urgent and emergency care that
 * uecsim measures against, as named constants.  The model counts against
 * the time standards (an ED stay within four hours, a handover beyond 15
 * or 60 minutes); the charts draw the performance standards.  A local
 * plan's target (one system's NCTR figure, say) is not a national
 * standard: it belongs to the scenario (struct scn_target).
 *
 * Sources (seed files in ../shared/seeds, as docs/model.md cites them):
 * 76 % of ED patients within four hours by March 2024 (000 L3740, 002
 * L218) and G&A occupancy of 92 % (000 L3770, 002 L267), from the
 * national UEC recovery plan; a 15-minute ambulance handover (000 L3813);
 * virtual wards at 80 % occupancy (the Winter Plan's target for its 164
 * beds, docs/data/README.md).  The 30- and 60-minute handover and the
 * 12-hour thresholds are the ones NHS England's published statistics
 * count (handover delays over 30 and 60 minutes in the winter situation
 * reports; 12 hours from arrival, and from a decision to admit, in the A&E
 * statistics).
 */
#ifndef UECSIM_STANDARDS_H
#define UECSIM_STANDARDS_H

/* Time standards, minutes. */
#define STD_ED_MAX_MIN 240.0 /* four hours from arrival in ED */
#define STD_ED_LONG_WAIT_MIN                                                   \
    720.0                            /* 12 hours: from arrival, or from a      \
                                        decision to admit */
#define STD_HANDOVER_MIN        15.0 /* ambulance handover */
#define STD_HANDOVER_MAX_MIN    30.0 /* no handover over 30 minutes */
#define STD_HANDOVER_BREACH_MIN 60.0 /* a handover delay counted as severe */
#define STD_AMB_CAT1_MEAN_MIN   7.0  /* Category 1 mean response */
#define STD_AMB_CAT2_MEAN_MIN                                                  \
    30.0                           /* Category 2 mean response (the            \
                                      2023/24 recovery plan's aim; the         \
                                      constitutional standard is 18) */
#define STD_UCR_RESPONSE_MIN 120.0 /* urgent community response */

/* Performance standards, as fractions of 1. */
#define STD_ED_4H_SHARE  0.76 /* ED departures within four hours */
#define STD_GA_OCCUPANCY 0.92 /* G&A beds occupied over beds open, at most */
#define STD_VW_OCCUPANCY 0.80 /* virtual-ward beds occupied over open */
#define STD_UCR_2H_SHARE 0.70 /* UCR referrals seen within 2 hours */

#endif
