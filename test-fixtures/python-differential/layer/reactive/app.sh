#!/bin/bash
# A bash layer written for the Python charms.reactive: every decorator of
# charms.reactive.sh, flags set and cleared through the charms.reactive CLI,
# a rendered template. Each handler appends its name to $CHARM_DIR/order.log.
source charms.reactive.sh

note() { echo "$1" >> "$CHARM_DIR/order.log"; }

@hook 'install'
function install_app() {
    note install_app
    status-set maintenance 'installing'
    charms.reactive set_flag app.installed
}

@when 'app.installed'
@when_not 'app.configured'
function configure() {
    note configure
    charms.reactive set_flag app.configured
}

@when_all 'app.configured' 'config.set.greeting'
@when_not 'app.greeted'
function greet() {
    note greet
    charms.reactive set_flag app.greeted
}

@when_any 'config.changed.greeting' 'config.changed.mode'
function config_changed() {
    note config_changed
}

@when 'app.configured'
@when 'config.changed'
function render() {
    note render
    export APP_MODE=slow
    if charms.reactive is_flag_set config.default.mode; then APP_MODE=fast; fi
    export APP_GREETING=
    if charms.reactive is_flag_set config.set.greeting; then APP_GREETING='set'; fi
    charms.reactive render_template app.conf.j2 "$CHARM_DIR/out/app.conf"
}

@when 'config.changed.mode' 'app.greeted'
@when_not 'app.regreeted'
function regreet() {
    note regreet
    charms.reactive set_flag app.regreeted
    charms.reactive clear_flag app.greeted
}

@when_none 'config.set.greeting' 'app.greeted'
function no_greeting() {
    note no_greeting
    status-set blocked 'set greeting'
}

@when_not_all 'app.installed' 'app.configured'
function not_ready() {
    note not_ready
}

@when_file_changed "$CHARM_DIR/watched.txt"
function watched_changed() {
    note watched_changed
}

@when 'app.installed'
@only_once
function first_time() {
    note first_time
    charms.reactive set_flag app.first-time-done
}

@hook 'update-status'
function update_status() {
    note update_status
}

@when 'app.configured' 'app.greeted'
function ready() {
    note ready
    status-set active 'ready'
}

reactive_handler_main
