/*
 * resdir: the life of a results folder, from the check of its path before
 * any simulation to the swap that puts a complete result there.
 *
 * What may be replaced.  A path is accepted when nothing is there yet
 * (missing parent folders are created, at output time), or when it is a
 * folder holding a uecsim manifest.json (a previous result: the file is a
 * JSON object with a "uecsim_version" member).  Anything else is refused
 * before the simulation, naming the path: a file (never replaced by a
 * folder), a symbolic link, a folder that is not a previous result (even
 * an empty one), a name ending in "." or "..", an empty name, a parent
 * that is not a folder or cannot be written.  Trailing slashes are
 * dropped ("newdir/" is "newdir").  There is deliberately no --force: the
 * one thing uecsim replaces is its own output, so `-o ~/Documents` can
 * never wipe a folder.
 *
 * The swap.  The result is written into a fresh folder beside the path,
 * PATH.uecsim-tmp.XXXXXX (mkdtemp, same file system), holding a marker file
 * .uecsim-incomplete (pid, host, parents created) for as long as it is not
 * in place.  When every file is written, each file and folder in it is
 * fsync'ed, and then:
 *   - nothing at PATH: rename(2) it into place;
 *   - a previous result at PATH: renameat2(2) RENAME_EXCHANGE swaps the two
 *     folders in one atomic step, then the old result (now at the
 *     temporary name) is removed.
 * So at every instant PATH holds either the whole previous result or the
 * whole new one, and PATH stays a real folder: file browsers, `cat
 * PATH/summary.json`, `cp -r`, `tar`, `rsync` and `rm -r` all see a plain
 * folder.  (A symlink switched by rename would give the same atomicity
 * but `cp -r` and `tar` would copy a dangling link, and `rm -r` would leave
 * the data behind.)  On a file system without RENAME_EXCHANGE (Linux
 * before 3.15, NFS, SMB) it falls back to two renames, the old folder
 * aside first: the path is then empty between the two calls, with
 * SIGINT and SIGTERM blocked, and a run killed there (SIGKILL, power
 * loss) leaves the previous result at the temporary name, which the next
 * run reports.  The parent folder is fsync'ed after the rename.
 *
 * Signals.  From resdir_begin to resdir_finish, SIGINT, SIGTERM and SIGHUP
 * are blocked, in the calling thread, and the OpenMP workers block them for
 * good (resdir_block_signals), so a signal stays pending instead of
 * killing the process in the middle of a write.  resdir_interrupted
 * checks for one at safe points (after each chart) and resdir_finish
 * before the swap; a pending signal removes the temporary folder and the
 * process then dies of that signal (exit status 128 + n: 130 for SIGINT,
 * 143 for SIGTERM), leaving the previous result untouched.  This is
 * chosen over a handler because a handler would need a mutable global
 * flag (the project has none: `make lint`) and would have to make every
 * write restartable after EINTR; a blocked signal cannot interrupt a
 * write at all, and the checks are where stopping is safe.
 *
 * Leftovers.  resdir_check looks in the parent folder for
 * NAME.uecsim-tmp.XXXXXX folders (owned by the user) and removes those
 * whose marker names a process that is gone on this host (a killed run),
 * those without a marker that hold a previous result while a result is at
 * NAME (a killed swap), and empty ones; it reports on the notes stream
 * every other one, and NAME.tmp.XXXXXX folders left by older versions,
 * without touching them.
 *
 * Integrity.  Every file uecsim writes goes through wfile.h, which checks
 * each write and the close and names errno; resdir_check_plot checks what
 * gnuplot wrote (gnuplot exits 0 on a full disk): a PNG must start with the
 * PNG signature and end with the IEND chunk, an SVG must be non-empty and
 * end with </svg>.  Before the swap every file and folder is fsync'ed.
 *
 * resdir_check returns 2 (an exit status, like scn_load); the other
 * functions that can fail return 0, or -1 with a message in err.
 */
#ifndef UECSIM_RESDIR_H
#define UECSIM_RESDIR_H

#include <stddef.h>
#include <stdio.h>

/*
 * Before any simulation: check that path may be written (see above),
 * clean or report leftovers on notes (may be NULL), and return 0 with the
 * normalised path in *norm (owned by the caller), or 2 with a message in
 * err naming the path.
 */
int resdir_check(const char *path, char **norm, FILE *notes, char *err,
                 size_t err_len);

/*
 * Start writing the results folder dir: block SIGINT, SIGTERM and SIGHUP,
 * check dir again, create its missing parents and the temporary folder
 * beside it.  Returns 0 and the temporary folder's path in *tmp (owned,
 * freed by resdir_finish), or -1 with a message (signals unblocked again).
 */
int resdir_begin(const char *dir, char **tmp, char *err, size_t err_len);

/*
 * End writing: when rc is 0 and no signal is pending, sync tmp and swap it
 * into place at dir; otherwise remove tmp and the parents begin created.
 * A pending SIGINT, SIGTERM or SIGHUP removes tmp and ends the process by
 * that signal.  Frees tmp, unblocks the signals, returns rc, or -1 with a
 * message when the commit fails.
 */
int resdir_finish(char *tmp, const char *dir, int rc, char *err,
                  size_t err_len);

/* -1 with a message in err when SIGINT, SIGTERM or SIGHUP is pending. */
int resdir_interrupted(char *err, size_t err_len);

/*
 * Block SIGINT, SIGTERM and SIGHUP in the calling thread for good: every
 * thread but the main one (OpenMP workers) calls it, so that a signal
 * while output is written stays pending for the main thread's checks.
 */
void resdir_block_signals(void);

/* In a child after fork, before exec: unblock them again. */
void resdir_child_signals(void);

/*
 * Check gnuplot's output for chart name in dir: NAME.png and NAME.svg,
 * then whether a signal is pending.  Returns 0, or -1 with a message naming
 * the file and what is wrong with it.
 */
int resdir_check_plot(const char *dir, const char *name, char *err,
                      size_t err_len);

/*
 * Adding a file to an existing result (the board report, report.h):
 * resdir_check_result says whether dir may take one: a real folder (not
 * a symbolic link) holding a uecsim manifest.json, writable.  Returns 0,
 * or 2 with a message naming dir.  The file is written aside in dir and
 * renamed into place, so each file is atomic; nothing else in dir is
 * touched.  resdir_hold_signals keeps SIGINT, SIGTERM and SIGHUP pending
 * meanwhile (in the calling thread; a child unblocks them with
 * resdir_child_signals) and returns 1 when they were held already (the
 * file is written inside resdir_begin and resdir_finish).
 * resdir_release_signals(held) then does nothing when held is 1, and
 * otherwise ends the process by a signal that came (after the caller has
 * removed what it wrote aside, as resdir_interrupted tells), or unblocks
 * them.
 */
int resdir_check_result(const char *dir, char *err, size_t err_len);
int resdir_hold_signals(void);
void resdir_release_signals(int held);

/* The checks of resdir_check_plot on one file; 0 or -1 with a message. */
int resdir_check_png(const char *path, char *err, size_t err_len);
int resdir_check_svg(const char *path, char *err, size_t err_len);

#endif
