// Swift cannot call C's variadic functions (el_set, el_get, history) nor use glibc's
// stdin/stdout/stderr globals; these static inline wrappers give it one fixed signature each.
#ifndef JIEDUI_CLIBEDIT_SHIM_H
#define JIEDUI_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <wchar.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <string.h>
#include <histedit.h>

/// el_init on the process's own terminal streams.
static inline EditLine *jd_el_init(const char *prog) {
    return el_init(prog, stdin, stdout, stderr);
}

typedef char *(*jd_prompt_fn)(EditLine *);
typedef unsigned char (*jd_command_fn)(EditLine *, int);

/// The prompt function; `marker` brackets invisible sequences (colours) so the cursor lands right.
static inline int jd_el_set_prompt(EditLine *e, jd_prompt_fn fn, char marker) {
    return el_set(e, EL_PROMPT_ESC, fn, marker);
}

static inline int jd_el_set_editor(EditLine *e, const char *mode) {
    return el_set(e, EL_EDITMODE, 1) | el_set(e, EL_EDITOR, mode);
}

/// With EL_SIGNAL, libedit restores the terminal around signals; el_gets then returns NULL
/// with errno EINTR on Ctrl-C (given a SIGINT handler installed without SA_RESTART).
static inline int jd_el_set_signal(EditLine *e, int on) {
    return el_set(e, EL_SIGNAL, on);
}

static inline int jd_el_set_history(EditLine *e, History *h) {
    return el_set(e, EL_HIST, history, h);
}

static inline int jd_el_add_function(EditLine *e, const char *name, const char *help, jd_command_fn fn) {
    return el_set(e, EL_ADDFN, name, help, fn);
}

static inline int jd_el_bind(EditLine *e, const char *key, const char *command) {
    return el_set(e, EL_BIND, key, command, NULL);
}

static inline int jd_el_set_clientdata(EditLine *e, void *data) {
    return el_set(e, EL_CLIENTDATA, data);
}

static inline void *jd_el_get_clientdata(EditLine *e) {
    void *data = NULL;
    el_get(e, EL_CLIENTDATA, &data);
    return data;
}

static inline History *jd_history_init(int size) {
    History *h = history_init();
    HistEvent ev;
    if (h) {
        history(h, &ev, H_SETSIZE, size);
        history(h, &ev, H_SETUNIQUE, 1);
    }
    return h;
}

static inline int jd_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}

static inline int jd_history_clear(History *h) {
    HistEvent ev;
    return history(h, &ev, H_CLEAR);
}

/// libedit drops every non-ASCII character unless LC_CTYPE is a UTF-8 locale.
static inline int jd_use_utf8_ctype(void) {
    setlocale(LC_CTYPE, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0)) return 1;
    return setlocale(LC_CTYPE, "C.UTF-8") != NULL;
}

/// Set by SIGINT (Ctrl-C); read and cleared by the shell.
static volatile sig_atomic_t jd_interrupt_flag = 0;

static void jd_on_sigint(int signal) {
    (void)signal;
    jd_interrupt_flag = 1;
}

/// SIGINT without SA_RESTART, so that a blocked read returns EINTR instead of going on.
static inline int jd_install_sigint(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = jd_on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}

static inline int jd_interrupt_pending(void) { return jd_interrupt_flag != 0; }

static inline int jd_take_interrupt(void) {
    int was = jd_interrupt_flag != 0;
    jd_interrupt_flag = 0;
    return was;
}

#endif
